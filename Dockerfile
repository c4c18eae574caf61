# One build, two images: `--target silo` and `--target api` (docker-compose.yml uses both).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish silo/Callaro.Silo.csproj -c Release -o /out/silo \
 && dotnet publish api/Callaro.Api.csproj -c Release -o /out/api

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS silo
WORKDIR /app
COPY --from=build /out/silo .
# Framework code JIT-optimised like ours instead of its precompiled ReadyToRun code (see silo/Callaro.Silo.csproj).
ENV DOTNET_ReadyToRun=0
ENTRYPOINT ["dotnet", "Callaro.Silo.dll"]

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS api
WORKDIR /app
COPY --from=build /out/api .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Callaro.Api.dll"]
